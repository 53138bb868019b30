package org.multisite.estimate;

/** A site left out of the estimates, and why. */
public record DroppedSite(String site, String reason) {
}
