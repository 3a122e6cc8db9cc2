"""Where the registry may connect: IANA's special-purpose tables, addresses and host forms."""
