/* sy-conversation.c: placeholder, being written */
