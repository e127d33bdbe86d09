/* sy-ollama-backend.c: placeholder, being written */
