from tests.escalations.conftest import *  # noqa: F403  (org, now, post, mql, sql, opportunity, sweep…)
