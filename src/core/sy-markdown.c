/* sy-markdown.c: placeholder, being written */
