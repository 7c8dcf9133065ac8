"""Chasing and escalation that reach people (催办 / 督办): ``fbreg remind``.

The parts, each a module named for its job:

* :mod:`.config` — the ``reminders`` block of ``register.yaml`` and each department's ``remind``
  contacts in ``departments.yaml``, typed and checked (secrets only as names of environment variables);
* :mod:`.plan` — what is due soon or breached as of a time, at which level, for whom: one message
  per recipient listing all their items, never a reminder the record says was sent;
* :mod:`.compose` — the message texts (subject, plain text, HTML) in the register's language;
* :mod:`.record` — the record of what was sent, JSON lines per month under ``register/reminders/``:
  read once, appended atomically, checked by ``fbreg validate``;
* :mod:`.channel` — the one small interface every channel implements, and the HTTP helper the robots share;
  :mod:`.smtp`, :mod:`.wecom`, :mod:`.dingtalk`, :mod:`.feishu`, :mod:`.webhook` — one module per channel;
* :mod:`.deliver` — sends a plan through the channels with bounded retries and writes the record;
* :mod:`.summary` — what ``fbreg remind`` prints: the plan or the results, as text or JSON.

The core never prints or exits; ``fbreg remind`` (:mod:`generator.cli_remind`) is a thin adapter.
"""
