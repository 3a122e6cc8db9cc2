"""Use cases: the one layer that reads and writes rows, checks permissions and commits.

Web pages, the JSON API, badges and the CLI all call these functions, so they never
disagree about what a release's verdict is.
"""
