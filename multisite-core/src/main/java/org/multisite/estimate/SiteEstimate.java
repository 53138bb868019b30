package org.multisite.estimate;

/**
 * One site's effect estimate from its units: the estimate, its standard error, the arm sizes
 * and the method ({@code diff}, {@code ols}, {@code mle} or {@code firth}).
 */
public record SiteEstimate(String site, double estimate, double se, int nTreated, int nControl, String method) {
}
