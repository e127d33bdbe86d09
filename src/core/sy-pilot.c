/* sy-pilot.c: placeholder, being written */
