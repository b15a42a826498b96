"""Certification exams: exam files, sittings, headless takes, seals, verification, reports, appeals.

Headless (no UI, audio or speech library). An **exam** (``exams/<id>.yaml``, :mod:`.loader` has the
format, :mod:`.library` lints it) says which scenarios may be drawn and what counts as a pass. A
trainer opens a **sitting** from it (:mod:`.trainer`): every candidate's calls are drawn
reproducibly (:mod:`.draw`) and the sitting is signed with the trainer's key (:mod:`.keys`), which
is never stored where a candidate's account can read it. Stations take attempts
(:mod:`.station`, :mod:`.take` for scripted dry runs) into the one records store
(:mod:`simulator.records`); the exams' own tables live beside it (:mod:`.tables`). Closing seals
every attempt's digests; :mod:`.verify` re-grades every call and names whatever was changed,
deleted, substituted or added. :mod:`.results` and :mod:`.report` / :mod:`.report_html` give the
per-candidate and per-category results (text, CSV for Excel, printable HTML with SVG charts);
:mod:`.roles` sets up an insert-only station role on a centre's PostgreSQL.
"""
