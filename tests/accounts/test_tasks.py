"""Background work through the real broker: with REDIS_URL set (CI's PostgreSQL run), a Celery worker
thread takes the task from Redis and the result comes back through Redis."""

import os

import pytest

from skillup.accounts.tasks import audit_verify_task


def test_the_audit_check_runs_in_process_without_a_broker(cast):
    assert audit_verify_task.delay().get(timeout=10) == {"ok": True, "finding": "", "problems": []}


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (set by .ci/run)")
def test_the_audit_check_runs_on_a_real_worker_through_redis(cast, transactional_db, settings):
    from celery.contrib.testing.worker import start_worker

    from skillup.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = os.environ["REDIS_URL"]
    app.conf.result_backend = os.environ["REDIS_URL"]
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = audit_verify_task.delay()
            assert result.get(timeout=30) == {"ok": True, "finding": "", "problems": []}
            assert result.backend.__class__.__name__ == "RedisBackend"
    finally:
        app.conf.task_always_eager = True
