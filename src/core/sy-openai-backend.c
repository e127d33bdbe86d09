/* sy-openai-backend.c: placeholder, being written */
