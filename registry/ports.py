"""Small Protocols for the outside world; adapters implement them, tests fake them.

Filled in by the verification work (hub, git, http probe); the domain and the checkers
depend only on these shapes, never on huggingface_hub, git or an HTTP client.
"""
