/* sy-secrets.h: API keys in the user's keyring (libsecret), never on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SY_SECRETS_ERROR (sy_secrets_error_quark ())

typedef enum
{
  SY_SECRETS_ERROR_NO_KEYRING,   /* no secret service: the key lives in memory for this session only */
  SY_SECRETS_ERROR_FAILED,
} SySecretsError;

GQuark    sy_secrets_error_quark              (void);

/* Keys are stored per endpoint (the hosted API's base URL). A NULL result
 * with no error means "no key stored". When no keyring is reachable the
 * store keeps the key in memory for the life of the process and reports
 * SY_SECRETS_ERROR_NO_KEYRING once, so the UI can say so. */
void      sy_secrets_lookup_api_key_async     (const char          *base_url,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char     *sy_secrets_lookup_api_key_finish    (GAsyncResult        *result,
                                               GError             **error);
void      sy_secrets_store_api_key_async      (const char          *base_url,
                                               const char          *api_key,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean  sy_secrets_store_api_key_finish     (GAsyncResult        *result,
                                               GError             **error);
void      sy_secrets_clear_api_key_async      (const char          *base_url,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean  sy_secrets_clear_api_key_finish     (GAsyncResult        *result,
                                               GError             **error);
/* Blocking variants for the command line only (never on the UI thread). */
char     *sy_secrets_lookup_api_key_sync      (const char          *base_url,
                                               GError             **error);
/* TRUE once no secret service was found: keys stored from then on live in
 * this process's memory only (NO_KEYRING is reported just once, so the UI
 * can ask this to keep saying so). */
gboolean  sy_secrets_is_memory_only           (void);

G_END_DECLS
