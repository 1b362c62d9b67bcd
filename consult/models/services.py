"""Public services under redesign, tagged by life event, segment and channel."""

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, one_of
from .vocabulary import TAG_KINDS


class Service(TimestampMixin, db.Model):
    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_fr: Mapped[str] = mapped_column(String(200))
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_fr: Mapped[str] = mapped_column(Text, default="")
    #: The organisation whose designers describe the service; None: only site admins edit it.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )

    organization: Mapped["Organization | None"] = relationship()  # noqa: F821
    tags: Mapped[list["ServiceTag"]] = relationship(
        back_populates="service", cascade="all, delete-orphan", lazy="selectin",
        order_by="ServiceTag.id",
    )
    consultations: Mapped[list["Consultation"]] = relationship(  # noqa: F821
        back_populates="service"
    )

    def codes(self, kind):
        return [tag.code for tag in self.tags if tag.kind == kind]

    def set_codes(self, kind, codes):
        """Replace the tags of one kind with `codes`, keeping the others."""
        keep = [t for t in self.tags if t.kind != kind or t.code in codes]
        have = {t.code for t in keep if t.kind == kind}
        self.tags = keep + [ServiceTag(kind=kind, code=c) for c in codes if c not in have]


class ServiceTag(db.Model):
    """One life event, client segment or delivery channel of a service."""

    __tablename__ = "service_tags"
    __table_args__ = (
        UniqueConstraint("service_id", "kind", "code"),
        one_of("kind", TAG_KINDS, "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(40), index=True)

    service: Mapped[Service] = relationship(back_populates="tags")
