from functools import cache, cached_property
from zoneinfo import available_timezones

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models

from .roles import Role


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def validate_time_zone(name: str) -> None:
    if name and name not in _known_zones():
        raise ValidationError(f"“{name}” is not an IANA time zone (e.g. America/New_York).")


class UserQuerySet(models.QuerySet):
    def with_role(self, role: Role):
        return self.filter(groups__name=role.label)


class PortalUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person in the revenue org; their role is the role group they belong to."""

    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text="The IANA zone pages show times in (empty: the company's).",
    )

    objects = PortalUserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @cached_property
    def role(self) -> Role | None:
        for name in self.groups.values_list("name", flat=True):
            if role := Role.from_group_name(name):
                return role
        return None

    @cached_property
    def team(self) -> "Team | None":
        """The team the user is a member of, or else the team they manage."""
        membership = TeamMembership.objects.filter(user=self).select_related("team").first()
        if membership:
            return membership.team
        return self.managed_teams.first()


class Team(models.Model):
    """An SDR or AE team with its manager; routing and escalations address teams."""

    class Kind(models.TextChoices):
        SDR = "sdr", "SDR team"
        AE = "ae", "AE team"

    # The roles a team of each kind is made of: (members, manager).
    ROLES = {Kind.SDR: (Role.SDR, Role.SDR_MANAGER), Kind.AE: (Role.AE, Role.AE_MANAGER)}

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=3, choices=Kind.choices)
    manager = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="managed_teams", null=True, blank=True
    )
    slack_webhook_url = models.URLField(
        blank=True,
        max_length=300,
        help_text="The team's Slack incoming webhook: escalations about its people are posted "
        "there (else to SLACK_WEBHOOK_URL, if set).",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["sdr", "ae"]), name="team_kind_known"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def member_role(self) -> Role:
        return self.ROLES[self.Kind(self.kind)][0]

    @property
    def manager_role(self) -> Role:
        return self.ROLES[self.Kind(self.kind)][1]

    def clean(self):
        if self.manager_id and self.manager.role != self.manager_role:
            raise ValidationError(
                {
                    "manager": f"The manager of an {self.get_kind_display()} must have the "
                    f"{self.manager_role.label} role."
                }
            )


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    # One team per person: routing and escalation ladders rely on it.
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="team_membership")

    class Meta:
        ordering = ["team", "user__username"]

    def __str__(self):
        return f"{self.user} in {self.team}"

    def clean(self):
        # The team may be unsaved yet: the admin adds a team and its members in one form.
        team = getattr(self, "team", None)
        if team and self.user_id and self.user.role != team.member_role:
            raise ValidationError(
                {
                    "user": f"Members of an {team.get_kind_display()} must have the "
                    f"{team.member_role.label} role."
                }
            )
