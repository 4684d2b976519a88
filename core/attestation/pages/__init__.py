"""Pages of the leader attestation; templates in ``templates/`` beside them.

``campaign`` the regional operator's and the commission's page of a campaign
(schedule, experts, results series, thresholds, meeting, decisions, acts);
``dossier`` the attestee's personal account (registration, the test) and the
dossier the commission reads; ``expert`` an anonymous case answer and its
scoring form. Every step is the domain's (``core.attestation``): a page reads
the form, takes the step, and redirects with a message; a refused step is
shown with its Russian reason (403, 409, 400) and the transaction is doomed.
"""
