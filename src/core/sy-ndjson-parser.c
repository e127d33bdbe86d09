/* sy-ndjson-parser.c: placeholder, being written */
