package dev.galactic.core.model;

import dev.galactic.core.sid.SidLayout;

/**
 * What validation must know of the controller it runs in, so that a resource is judged by the
 * rules that will enforce it, not by a second copy of them.
 *
 * @param sids the SID layout the controller allocates locators from: its block (and every
 *             explicit locator) is the backbone's, never a site's
 * @param webhooks where tenants' webhooks may send
 */
public record ValidationConfig(SidLayout sids, WebhookTargets webhooks) {

    /** The controller's defaults. */
    public static final ValidationConfig DEFAULT = new ValidationConfig(SidLayout.DEFAULT, WebhookTargets.DEFAULT);
}
