/* sy-hardware.c: placeholder, being written */
