/* sy-decision.c: placeholder, being written */
