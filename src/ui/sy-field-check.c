/* sy-field-check.c: inline errors on form fields
 *
 * Every form in the app reports bad input the same way: the field's row
 * gets the "error" style class and a message row appears right under it,
 * while the value behind the field (a cost model property, a settings key)
 * keeps its last valid value until the text is fixed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sy-field-check.h"
#include "sy-format.h"

#define MESSAGE_KEY "sy-field-check-message"
#define TEXT_KEY    "sy-field-check-text"
#define KEEP_KEY    "sy-field-check-keep-text"

GtkWidget *
sy_field_check_get_row (GtkWidget *field)
{
  GtkWidget *row;

  g_return_val_if_fail (GTK_IS_WIDGET (field), NULL);

  row = gtk_widget_get_ancestor (field, GTK_TYPE_LIST_BOX_ROW);

  return row != NULL ? row : field;
}

GtkWidget *
sy_field_check_get_message (GtkWidget *field)
{
  return g_object_get_data (G_OBJECT (sy_field_check_get_row (field)), MESSAGE_KEY);
}

const char *
sy_field_check_get_error (GtkWidget *field)
{
  return g_object_get_data (G_OBJECT (sy_field_check_get_row (field)), TEXT_KEY);
}

static GtkWidget *
ensure_message (GtkWidget *row)
{
  GtkWidget *message = g_object_get_data (G_OBJECT (row), MESSAGE_KEY);
  GtkWidget *parent = gtk_widget_get_parent (row);
  GtkWidget *label;

  if (message != NULL)
    return message;

  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Adwaita's own classes, so the message reads as an error wherever the
   * app's style sheet is not loaded (widget tests); the margins line it
   * up with the row's title. */
  gtk_widget_add_css_class (label, "sy-field-error-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_bottom (label, 8);

  /* A row of its own keeps the message under the field in a boxed list,
   * where a sibling label would not fit; it is not a stop for keyboard
   * focus, the field itself is. An AdwPreferencesRow because preferences
   * groups take no other kind; without a title, the preferences search
   * leaves it out. */
  if (GTK_IS_LIST_BOX (parent) && GTK_IS_LIST_BOX_ROW (row))
    {
      message = adw_preferences_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (message), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (message), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (message), FALSE);
      gtk_widget_set_focusable (message, FALSE);
      gtk_widget_add_css_class (message, "sy-field-error-row");
      gtk_list_box_insert (GTK_LIST_BOX (parent), message,
                           gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);
    }
  else if (GTK_IS_BOX (parent))
    {
      message = label;
      gtk_box_insert_child_after (GTK_BOX (parent), message, row);
    }
  else
    {
      g_critical ("%s: no place for an error message next to a %s",
                  G_STRFUNC, G_OBJECT_TYPE_NAME (row));
      g_object_ref_sink (label);
      g_object_unref (label);
      return NULL;
    }

  /* Held by the row: when the list goes first, as windows close, a field
   * still checking its text as it loses the focus finds it alive. */
  g_object_set_data_full (G_OBJECT (row), MESSAGE_KEY, g_object_ref (message), g_object_unref);
  g_object_set_data (G_OBJECT (message), "sy-field-check-label", label);

  return message;
}

/**
 * sy_field_check_set_error:
 * @field: the entry, entry row or spin button
 * @message: (nullable): what is wrong, or %NULL to clear
 *
 * Marks the row that holds @field invalid and shows @message under it.
 */
void
sy_field_check_set_error (GtkWidget  *field,
                          const char *message)
{
  GtkWidget *row;
  GtkWidget *message_widget;

  g_return_if_fail (GTK_IS_WIDGET (field));

  if (message == NULL)
    {
      sy_field_check_clear (field);
      return;
    }

  row = sy_field_check_get_row (field);
  message_widget = ensure_message (row);
  if (message_widget == NULL)
    return;

  gtk_label_set_text (g_object_get_data (G_OBJECT (message_widget), "sy-field-check-label"), message);
  gtk_widget_set_visible (message_widget, TRUE);
  g_object_set_data_full (G_OBJECT (row), TEXT_KEY, g_strdup (message), g_free);
  gtk_widget_add_css_class (row, "error");
  gtk_widget_add_css_class (row, "sy-field-invalid");
  if (field != row)
    gtk_widget_add_css_class (field, "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (field),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, message_widget, NULL,
                                  -1);
}

void
sy_field_check_clear (GtkWidget *field)
{
  GtkWidget *row;
  GtkWidget *message;

  g_return_if_fail (GTK_IS_WIDGET (field));

  row = sy_field_check_get_row (field);
  if (g_object_get_data (G_OBJECT (row), TEXT_KEY) == NULL)
    return;

  message = g_object_get_data (G_OBJECT (row), MESSAGE_KEY);
  if (message != NULL)
    gtk_widget_set_visible (message, FALSE);
  g_object_set_data (G_OBJECT (row), TEXT_KEY, NULL);
  gtk_widget_remove_css_class (row, "error");
  gtk_widget_remove_css_class (row, "sy-field-invalid");
  gtk_widget_remove_css_class (field, "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
}

/**
 * sy_field_check_validate:
 * @field: the field
 * @error_message: (transfer full) (nullable): what a validator returned
 *
 * Shows or clears the error, taking @error_message.
 *
 * Returns: %TRUE if the field is valid
 */
gboolean
sy_field_check_validate (GtkWidget *field,
                         char      *error_message)
{
  g_autofree char *owned = error_message;

  sy_field_check_set_error (field, owned);

  return owned == NULL;
}

static char *
format_bound (double bound,
              guint  digits)
{
  /* Trailing zeros only make the message harder to read */
  if (bound == floor (bound))
    digits = 0;

  return g_strdup_printf ("%.*f", (int) digits, bound);
}

/**
 * sy_field_check_parse_number:
 * @text: what the user typed
 * @lower: the smallest valid value
 * @upper: the largest valid value
 * @digits: decimals to show the bounds with
 * @value: (out): the number, when valid
 * @error_message: (out) (transfer full): what is wrong, when not
 *
 * Accepts a finite number in [@lower, @upper] as the locale writes it
 * (sy_format_parse_number(): "5,000.5" in English, "5.000,5" in German),
 * with blanks around it; a grouping mark that cannot group is refused
 * rather than read as some other number.
 */
gboolean
sy_field_check_parse_number (const char  *text,
                             double       lower,
                             double       upper,
                             guint        digits,
                             double      *value,
                             char       **error_message)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  double number = 0.0;

  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error_message != NULL, FALSE);

  *error_message = NULL;

  if (copy[0] == '\0')
    {
      *error_message = g_strdup (_("Enter a number"));
      return FALSE;
    }

  switch (sy_format_parse_number (copy, &number))
    {
    case SY_NUMBER_TEXT_OK:
      break;
    case SY_NUMBER_TEXT_MISPLACED_GROUPING:
      {
        const char *grouping = sy_format_get_grouping_mark ();
        const char *decimal = sy_format_get_decimal_mark ();
        g_autofree char *thousands = g_strdup_printf ("5%s000", grouping);
        g_autofree char *fraction = g_strdup_printf ("12%s5", decimal);

        /* Translators: the first %s is the grouping mark ("," in English),
         * the second an example of it ("5,000"), the third the decimal mark
         * (".") and the fourth an example of it ("12.5"); they follow the
         * locale, so in German: “.”, 5.000, “,” and 12,5. */
        *error_message = g_strdup_printf (_("“%s” separates thousands here, as in %s; write decimals with “%s”, as in %s"),
                                          grouping, thousands, decimal, fraction);
        return FALSE;
      }
    case SY_NUMBER_TEXT_EMPTY:
    case SY_NUMBER_TEXT_NOT_A_NUMBER:
    default:
      *error_message = g_strdup (_("Not a number: enter digits, such as 12.5"));
      return FALSE;
    }

  if (number < lower)
    {
      g_autofree char *bound = format_bound (lower, digits);

      /* Translators: %s is the smallest value a field accepts, e.g. "0" */
      *error_message = g_strdup_printf (_("Too small: enter %s or more"), bound);
      return FALSE;
    }

  /* An overflow comes back as infinity, an underflow as about zero */
  if (number > upper || isinf (number))
    {
      g_autofree char *bound = format_bound (upper, digits);

      /* Translators: %s is the largest value a field accepts, e.g. "600" */
      *error_message = g_strdup_printf (_("Too large: enter %s or less"), bound);
      return FALSE;
    }

  *value = number;

  return TRUE;
}

char *
sy_field_check_required (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (copy[0] == '\0')
    return g_strdup (_("Required: this cannot be empty"));

  return NULL;
}

char *
sy_field_check_url (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (copy[0] == '\0')
    return g_strdup (_("Required: enter an address such as http://localhost:11434"));

  uri = g_uri_parse (copy, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL
      || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
      || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    return g_strdup (_("Not an address: enter one such as http://localhost:11434"));

  return NULL;
}

typedef struct
{
  double value;   /* the value when the text went bad */
} KeptText;

/**
 * sy_field_check_spin_input:
 * @spin: a spin button whose update policy is %GTK_UPDATE_IF_VALID
 * @new_value: (out): where GTK wants the number
 *
 * The spin button's #GtkSpinButton::input handler: reports text it cannot
 * use (empty, not a number, NaN, infinite, outside its adjustment) with an
 * inline error, instead of clamping it or putting the old number back
 * without a word; its value stays the last valid one.
 *
 * A template lists it with sy_field_check_spin_output() and, connected
 * after, sy_field_check_spin_value_changed() on the spin button, registered
 * with sy_field_check_bind_template_callbacks().
 */
int
sy_field_check_spin_input (GtkSpinButton *spin,
                           double        *new_value)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  g_autofree char *error_message = NULL;
  double value;

  if (!sy_field_check_parse_number (gtk_editable_get_text (GTK_EDITABLE (spin)),
                                    gtk_adjustment_get_lower (adjustment),
                                    gtk_adjustment_get_upper (adjustment),
                                    gtk_spin_button_get_digits (spin),
                                    &value, &error_message))
    {
      KeptText *kept = g_new0 (KeptText, 1);

      sy_field_check_set_error (GTK_WIDGET (spin), error_message);
      /* GTK puts the old number back into the text next; leave what the
       * user typed so the message under it makes sense. */
      kept->value = gtk_adjustment_get_value (adjustment);
      g_object_set_data_full (G_OBJECT (spin), KEEP_KEY, kept, g_free);
      return GTK_INPUT_ERROR;
    }

  g_object_set_data (G_OBJECT (spin), KEEP_KEY, NULL);
  sy_field_check_clear (GTK_WIDGET (spin));
  *new_value = value;

  return TRUE;
}

static gboolean
keeps_text (GtkSpinButton *spin)
{
  KeptText *kept = g_object_get_data (G_OBJECT (spin), KEEP_KEY);

  return kept != NULL && kept->value == gtk_spin_button_get_value (spin);
}

gboolean
sy_field_check_spin_output (GtkSpinButton *spin)
{
  return keeps_text (spin);
}

void
sy_field_check_spin_value_changed (GtkSpinButton *spin)
{
  /* GTK also emits this when it rejects the text, with the value as it
   * was; a new value (a binding, the +/- buttons) is valid and shown, so
   * its error has gone. */
  if (keeps_text (spin))
    return;

  g_object_set_data (G_OBJECT (spin), KEEP_KEY, NULL);
  sy_field_check_clear (GTK_WIDGET (spin));
}

/**
 * sy_field_check_bind_template_callbacks:
 * @widget_class: a class whose template has checked spin buttons
 *
 * Lets the template name the spin button handlers above.
 */
void
sy_field_check_bind_template_callbacks (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, sy_field_check_spin_input);
  gtk_widget_class_bind_template_callback (widget_class, sy_field_check_spin_output);
  gtk_widget_class_bind_template_callback (widget_class, sy_field_check_spin_value_changed);
}

/**
 * sy_field_check_commit_spins:
 * @first: a spin button checked through sy_field_check_spin_input()
 * @...: more of them, then %NULL
 *
 * Commits text still being typed in the ones on screen, as Enter would.
 *
 * Returns: %FALSE if one of them holds text that is not a valid number
 */
gboolean
sy_field_check_commit_spins (GtkSpinButton *first,
                             ...)
{
  gboolean valid = TRUE;
  va_list args;

  va_start (args, first);
  for (GtkSpinButton *spin = first; spin != NULL; spin = va_arg (args, GtkSpinButton *))
    {
      if (!gtk_widget_is_drawable (GTK_WIDGET (spin)))
        continue;
      gtk_spin_button_update (spin);
      if (sy_field_check_get_error (GTK_WIDGET (spin)) != NULL)
        valid = FALSE;
    }
  va_end (args);

  return valid;
}
