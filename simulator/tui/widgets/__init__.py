"""The call screen's parts: caller card, level meter, transcript, hints, status line."""
