"""The moderation codes the models store and the labels every page shows them by are one list."""

from consult.admin import activity
from consult.models import vocabulary
from consult.models.moderation import DECISION_ACTIONS, HOLD_RULES, QUEUE_REASONS
from consult.moderation.queue import ACTIONS, APPEAL_ACTIONS, BULK_ACTIONS


def test_every_code_has_its_label():
    assert set(HOLD_RULES) == set(vocabulary.HOLD_RULES)
    assert set(HOLD_RULES.values()) <= set(QUEUE_REASONS)
    assert set(ACTIONS) | set(APPEAL_ACTIONS) | set(BULK_ACTIONS) <= set(DECISION_ACTIONS)


def test_the_activity_log_names_moderation_acts_as_the_audit_trail_does(app):
    with app.test_request_context("/"):
        for action, label in vocabulary.DECISIONS.items():
            assert str(activity.ACTION_LABELS[f"moderation.{action}"]) == str(label)
