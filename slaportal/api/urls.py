from .api import api


def _open_to_api_auth(patterns):
    """The API answers 401 itself; the site's login redirect must not intercept it."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _open_to_api_auth(pattern.url_patterns)
        else:
            pattern.callback.login_required = False
    return patterns


urlpatterns, app_name, namespace = api.urls
_open_to_api_auth(urlpatterns)
