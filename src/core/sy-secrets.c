/* sy-secrets.c: placeholder, being written */
