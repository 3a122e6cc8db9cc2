"""Open-washing cases: releases that look open and are not, each checked for real."""
