"""README badges: SVG and shields.io endpoint JSON for labs, releases and pillars.

views.py holds the blueprint; design.py decides what a badge says; render.py draws and
memoises it; the state it shows comes from app.services.badges.
"""
