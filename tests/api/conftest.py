import pytest

from slaportal.api.models import ApiToken, Scope


@pytest.fixture
def issue_token(revops):
    def issue(*scopes: Scope, name="Marketing automation"):
        _, key = ApiToken.issue(name=name, scopes=list(scopes), created_by=revops)
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return issue
