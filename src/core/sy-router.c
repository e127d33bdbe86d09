/* sy-router.c: placeholder, being written */
