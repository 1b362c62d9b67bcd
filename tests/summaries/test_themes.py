"""Themes: a corpus with three obvious topics comes out as those three, the same every time."""

import json
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from consult.models import SummaryCache
from consult.summaries.cache import compute_summary, theme_names
from consult.summaries.figures import load_contributions
from consult.summaries.themes import find_themes, stop_words

TOPICS = {
    "bus": [
        "The bus route to the clinic should run every hour; the bus stop is far.",
        "More bus stops near the hospital, the bus route skips our street.",
        "The bus schedule changed and the bus driver did not know the new route.",
        "A bus pass for parents, and a bus stop in front of the office.",
        "Le bus ne passe pas assez souvent, the bus route is too long.",
        "Night bus service: a late bus route would let shift workers get home.",
        "The bus stop has no shelter and the bus schedule is always wrong.",
        "Please add a bus route from the villages, with a bus stop at the school.",
    ],
    "form": [
        "The birth registration form asks the same question twice on paper.",
        "Le formulaire is confusing, the online form needs plain language.",
        "An online form that saves my answers before I submit the birth form.",
        "The paper form should be shorter, one page for the birth certificate.",
        "Fill the form once online and share the form with every department.",
        "The form rejected my baby's name on the birth certificate because of an accent.",
        "Let us sign the form online instead of printing the paper form.",
        "The online birth certificate form lost my answers twice.",
    ],
    "playground": [
        "The park playground needs shade and benches for grandparents.",
        "A safe playground with a fence, and swings for children in the park.",
        "Le parc needs a playground for toddlers, swings and benches for children.",
        "Clean the park washrooms next to the playground for the children.",
        "Playground swings in our park are broken and rusty.",
        "Build an accessible playground so children can play in the park.",
        "Water fountains and benches in the park by the playground, please.",
        "The park playground and its swings should stay lit for children in winter.",
    ],
}


def _corpus(make, consultation):
    topic_of = {}
    for topic, texts in TOPICS.items():
        for text in texts:
            topic_of[make.comment(consultation, body=text).id] = topic
    return topic_of


#: Loads themes.py from its file alone (not as part of consult) and computes the three topics'
#: themes, then names every web or database library that loading and computing brought in.
ALONE = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("themes_alone", sys.argv[1])
themes = importlib.util.module_from_spec(spec)
spec.loader.exec_module(themes)

class Corpus:
    def __init__(self, texts):
        self.texts, self.ids = texts, list(range(1, len(texts) + 1))

    def text(self, index):
        return self.texts[index]

found, members = themes.find_themes(Corpus(json.loads(sys.argv[2])))
loaded = sorted(name for name in sys.modules
                if name.split(".")[0] in {"consult", "flask", "flask_sqlalchemy", "sqlalchemy", "werkzeug"})
print(json.dumps({"sizes": sorted(theme["size"] for theme in found), "loaded": loaded}))
"""


def test_themes_are_pure_computation_without_flask_or_the_database():
    path = Path(__file__).parents[2] / "consult" / "summaries" / "themes.py"
    texts = [text for topic in TOPICS.values() for text in topic]
    result = subprocess.run([sys.executable, "-c", ALONE, str(path), json.dumps(texts)],
                            capture_output=True, text=True, check=True)
    outcome = json.loads(result.stdout)
    assert outcome == {"sizes": [8, 8, 8], "loaded": []}


def test_french_and_english_stop_words():
    words = stop_words()
    assert {"the", "and", "le", "la", "les", "des", "est"} <= set(words)


def test_three_topics_come_out_as_three_themes(make, consultation):
    topic_of = _corpus(make, consultation)
    found, members = find_themes(load_contributions(consultation))
    assert len(found) == 3
    assert sorted(theme["size"] for theme in found) == [8, 8, 8]
    for theme in found:
        in_theme = {topic_of[int(i)] for i, number in members.items() if number == theme["number"]}
        assert len(in_theme) == 1
        topic = in_theme.pop()
        assert topic in theme["terms"][:3] and topic in theme["label"]
        assert len(theme["quotes"]) == 3
        assert all(topic_of[quote["id"]] == topic for quote in theme["quotes"])


def test_the_same_data_gives_the_same_themes(make, consultation):
    _corpus(make, consultation)
    first, second = compute_summary(consultation), compute_summary(consultation)
    assert first[0]["themes"] == second[0]["themes"] and first[1] == second[1]
    assert first[0]["charts"] == second[0]["charts"]


def test_theme_names_and_members_for_the_exports(db, make, consultation):
    topic_of = _corpus(make, consultation)
    names = theme_names(consultation)
    db.session.commit()
    members = db.session.scalar(sa.select(SummaryCache.theme_members)
                                .where(SummaryCache.consultation_id == consultation.id))
    labels = {int(contribution_id): names[number] for contribution_id, number in members.items()}
    assert set(labels) == set(topic_of)
    assert all(topic_of[contribution_id] in label for contribution_id, label in labels.items())


def test_too_few_contributions_give_no_themes(make, consultation):
    for text in TOPICS["bus"][:5]:
        make.comment(consultation, body=text)
    assert find_themes(load_contributions(consultation)) == ([], {})
