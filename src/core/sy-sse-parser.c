/* sy-sse-parser.c: placeholder, being written */
