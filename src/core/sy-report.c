/* sy-report.c: placeholder, being written */
