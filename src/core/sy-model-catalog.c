/* sy-model-catalog.c: placeholder, being written */
