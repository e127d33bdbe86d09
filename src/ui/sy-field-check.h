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

gboolean    sy_field_check_commit_spins  (GtkSpinButton *first,
                                          ...) G_GNUC_NULL_TERMINATED;
gboolean    sy_field_check_validate      (GtkWidget     *field,
                                          char          *error_message);

/* A spin button checked from a template: update-policy "if-valid", these
 * on "input", "output" and, connected after, "value-changed". Leave its
 * "numeric" off: GTK's filter drops a grouped "5,000" (or German "5.000")
 * before the input handler can read it. */
void        sy_field_check_bind_template_callbacks (GtkWidgetClass *widget_class);
int         sy_field_check_spin_input              (GtkSpinButton  *spin,
                                                    double         *new_value);
gboolean    sy_field_check_spin_output             (GtkSpinButton  *spin);
void        sy_field_check_spin_value_changed      (GtkSpinButton  *spin);

G_END_DECLS
