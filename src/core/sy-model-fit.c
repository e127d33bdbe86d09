/* sy-model-fit.c: placeholder, being written */
