/* sy-backend.c: placeholder, being written */
