/* sy-field-check.h: inline errors on form fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void        sy_field_check_set_error     (GtkWidget     *field,
                                          const char    *message);
void        sy_field_check_clear         (GtkWidget     *field);
const char *sy_field_check_get_error     (GtkWidget     *field);
GtkWidget  *sy_field_check_get_row       (GtkWidget     *field);
GtkWidget  *sy_field_check_get_message   (GtkWidget     *field);

gboolean    sy_field_check_parse_number  (const char    *text,
                                          double         lower,
                                          double         upper,
                                          guint          digits,
                                          double        *value,
                                          char         **error_message);
char       *sy_field_check_required      (const char    *text);
char       *sy_field_check_url           (const char    *text);

void        sy_field_check_attach_spin   (GtkSpinButton *spin);
gboolean    sy_field_check_commit_spins  (GtkSpinButton *first,
                                          ...) G_GNUC_NULL_TERMINATED;
gboolean    sy_field_check_validate      (GtkWidget     *field,
                                          char          *error_message);

G_END_DECLS
