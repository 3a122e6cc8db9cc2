"""The web forms: fields to render and read back. Validation is the schemas' job.

A form turns its fields into the plain dict the resource schema loads (blank optional
fields become None, untouched artifact rows are dropped), and maps the schema's
per-field errors back onto the fields that caused them.

One module per family: `schema_form` (the base form and its error plumbing), `release`
(a release and its artifact rows), `lab`, and `accounts` (signing in, lab members).
"""
