"""Reading licences out of repositories: which file, which text, which part applies.

- `sources`: which files and card fields name a licence, and what each finding says.
- `text`: a licence file's sections identified (askalono); `spans`: where sections end.
- `scopes`: which sections apply to the code in question; `files`: all of it for one file.

What an identified licence *means* (open, restricted, unknown) is `registry.licences`.
"""
