package io.keygate.check;

import io.keygate.gateway.config.ApiDefinition;

/**
 * One deployed API definition, parsed and validated exactly as the gateway does, with its document
 * for locations.
 *
 * @param api the definition
 * @param document the file's values and lines
 */
public record ApiFile(ApiDefinition api, YamlDocument document) {
  public String file() {
    return document.file();
  }
}
