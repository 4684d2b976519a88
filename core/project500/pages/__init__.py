"""Pages of the 500+ project, one module per area; templates in core/project500/templates/.

``region`` the regional operator's page (enrolment, the survey's risk profiles);
``municipality`` the coordinator's page (seminar, curators, the review sample);
``participation`` a school's year: its steps, profile, journal, and each role's step forms;
``documents`` concept documents (versions compared) and confirming documents;
``review`` the reviewer's checklists; ``dashboard`` the indicators.

Every step is the domain's (``core.project500.steps``): a page reads the form,
takes the step, and redirects with a message; a refused step is shown with
its Russian reason and the status of the reason (403, 409, 400), and the
transaction is doomed, so nothing changes.
"""
