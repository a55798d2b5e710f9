import factory

from slaportal.org.models import Team, User
from slaportal.org.roles import Role
from slaportal.org.services import assign_role

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.test")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def role(user, create, role: Role | None, **kwargs):
        if create and role:
            assign_role(user, role)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    kind = Team.Kind.SDR
