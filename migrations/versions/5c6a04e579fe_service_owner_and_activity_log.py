"""services: an owning organisation; audit events: the organisations each one concerns

Revision ID: 5c6a04e579fe
Revises: cc20b31f1faf
Create Date: 2026-12-03 18:00:00

A service is edited only by the designers of the organisation that owns it (site admins too).
Existing services belong to the lead of their earliest consultation; one with no consultation has
no owner, and only site admins edit it until one is chosen.

An organisation's activity log lists the audited events that concern it, newest first, from
audit_event_organizations (its key leads with the organisation, so a page is one index range).
The events recorded before this revision are linked as the code now links them: a consultation's
to its lead and partners, a contribution's to its consultation's, a role's to its organisation,
a service's to its owner, a staff member's sign-ins to the organisations they hold a role in.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c6a04e579fe'
down_revision = 'cc20b31f1faf'
branch_labels = None
depends_on = None

EARLIEST_LEAD = """
UPDATE services SET organization_id = (
    SELECT c.lead_organization_id FROM consultations c WHERE c.service_id = services.id
    ORDER BY c.created_at, c.id LIMIT 1)
"""

SESSION_ACTIONS = "('user.sign_in', 'user.sign_in_failed', 'user.sign_out')"


def _links(membership_organization):
    """(organization_id, event_id) of every existing event, as the code now links new ones."""
    return f"""
SELECT c.lead_organization_id, e.id FROM audit_events e
  JOIN consultations c ON e.target_type = 'Consultation' AND c.id = e.target_id
UNION SELECT p.organization_id, e.id FROM audit_events e
  JOIN consultation_partners p ON e.target_type = 'Consultation' AND p.consultation_id = e.target_id
UNION SELECT c.lead_organization_id, e.id FROM audit_events e
  JOIN contributions k ON e.target_type IN ('Idea', 'Comment', 'Contribution') AND k.id = e.target_id
  JOIN consultations c ON c.id = k.consultation_id
UNION SELECT p.organization_id, e.id FROM audit_events e
  JOIN contributions k ON e.target_type IN ('Idea', 'Comment', 'Contribution') AND k.id = e.target_id
  JOIN consultation_partners p ON p.consultation_id = k.consultation_id
UNION SELECT o.id, e.id FROM audit_events e
  JOIN organizations o ON e.target_type = 'Organization' AND o.id = e.target_id
UNION SELECT s.organization_id, e.id FROM audit_events e
  JOIN services s ON e.target_type = 'Service' AND s.id = e.target_id AND s.organization_id IS NOT NULL
UNION SELECT o.id, e.id FROM audit_events e
  JOIN organizations o ON e.target_type = 'Membership' AND o.id = {membership_organization}
UNION SELECT DISTINCT m.organization_id, e.id FROM audit_events e
  JOIN memberships m ON e.target_type = 'User' AND e.action IN {SESSION_ACTIONS} AND m.user_id = e.target_id
"""


def _sqlite():
    return op.get_bind().dialect.name == 'sqlite'


def upgrade():
    if _sqlite():
        # SQLite adds a column with its reference in place; a batch would copy and drop the
        # services table, which the consultations' foreign keys refuse once there are any.
        op.execute("ALTER TABLE services ADD COLUMN organization_id INTEGER "
                   "CONSTRAINT fk_services_organization_id_organizations "
                   "REFERENCES organizations (id) ON DELETE SET NULL")
    else:
        op.add_column('services', sa.Column('organization_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_services_organization_id_organizations'), 'services',
                              'organizations', ['organization_id'], ['id'], ondelete='SET NULL')
    op.create_index(op.f('ix_services_organization_id'), 'services', ['organization_id'], unique=False)
    op.execute(EARLIEST_LEAD)

    op.create_table(
        'audit_event_organizations',
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['audit_events.id'],
                                name=op.f('fk_audit_event_organizations_event_id_audit_events'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'],
                                name=op.f('fk_audit_event_organizations_organization_id_organizations'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('organization_id', 'event_id', name=op.f('pk_audit_event_organizations')),
    )
    with op.batch_alter_table('audit_event_organizations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_organizations_event_id'), ['event_id'], unique=False)

    if _sqlite():
        membership_organization = "CAST(json_extract(e.data, '$.organization_id') AS INTEGER)"
    else:
        membership_organization = "CAST(e.data->>'organization_id' AS INTEGER)"
    op.execute("INSERT INTO audit_event_organizations (organization_id, event_id) "
               + _links(membership_organization))


def downgrade():
    op.drop_index(op.f('ix_audit_event_organizations_event_id'), table_name='audit_event_organizations')
    op.drop_table('audit_event_organizations')
    op.drop_index(op.f('ix_services_organization_id'), table_name='services')
    if _sqlite():
        # The copy-and-drop of a batch, with the consultations' references to services unchecked
        # while the table is swapped (they point at the same ids after it).
        op.execute("PRAGMA foreign_keys=OFF")
        with op.batch_alter_table('services', schema=None) as batch_op:
            batch_op.drop_column('organization_id')
        op.execute("PRAGMA foreign_keys=ON")
    else:
        op.drop_constraint('fk_services_organization_id_organizations', 'services', type_='foreignkey')
        op.drop_column('services', 'organization_id')
