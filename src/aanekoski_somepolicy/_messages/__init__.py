"""Messages for people: the message catalog and rendering of decisions, findings and scope."""
