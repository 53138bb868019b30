package org.multisite.study;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One replication of one cell, as engines hand them out. */
public record Task(Map<String, String> cell, int replication) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Task {
        cell = Collections.unmodifiableMap(new LinkedHashMap<>(cell));
    }
}
