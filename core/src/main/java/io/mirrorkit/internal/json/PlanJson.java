package io.mirrorkit.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** JSON form of a {@link SyncPlan}. */
public final class PlanJson {
  private PlanJson() {}

  public static String write(SyncPlan plan) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("repository", plan.request().repository().uri().toString());
    n.put("target", plan.request().location());
    n.put("listingDigest", plan.listingDigest());
    n.put("upstreamEntries", plan.upstreamEntries());
    n.put("localFiles", plan.localFiles());
    ObjectNode summary = n.putObject("summary");
    summary.put("actions", plan.actions().size());
    summary.put("filesToFetch", plan.filesToFetch());
    summary.put("bytesToFetch", plan.bytesToFetch());
    summary.put("deletions", plan.deletions());
    ArrayNode actions = n.putArray("actions");
    for (PlanAction a : plan.actions()) {
      ObjectNode o = actions.addObject();
      o.put("kind", a.kind().name().toLowerCase(Locale.ROOT));
      o.put("changes", a.changes());
      if (a.linkTo() != null) {
        o.put("linkTo", a.linkTo().toString());
      }
      if (a.replace()) {
        o.put("replace", true);
      }
      if (a.lastStage()) {
        o.put("lastStage", true);
      }
      if (a.previous() != null) {
        o.put("previous", a.previous().toString());
      }
      EntryJson.write(a.entry(), o.putObject("entry"));
    }
    return Json.write(n);
  }

  public static SyncPlan read(String json, SyncRequest request) {
    JsonNode n = Json.parse(json, "plan");
    String repository = Json.text(n, "repository");
    if (!repository.equals(request.repository().uri().toString())) {
      throw new IllegalArgumentException(
          "the plan is for " + repository + ", not for " + request.repository().uri());
    }
    String target = Json.text(n, "target");
    boolean same =
        request.store() != null
            ? target.equals(request.location())
            : !SyncRequest.isStoreUri(target) && Path.of(target).equals(request.target());
    if (!same) {
      throw new IllegalArgumentException(
          "the plan is for target " + target + ", not " + request.location());
    }
    List<PlanAction> actions = new ArrayList<>();
    for (JsonNode o : n.get("actions")) {
      var entry = EntryJson.read(o.get("entry"));
      actions.add(
          new PlanAction(
              PlanAction.Kind.valueOf(Json.text(o, "kind").toUpperCase(Locale.ROOT)),
              entry.path(),
              entry,
              o.has("linkTo") ? MirrorPath.of(o.get("linkTo").asText()) : null,
              o.path("replace").asBoolean(false),
              o.path("lastStage").asBoolean(false),
              Json.text(o, "changes"),
              o.has("previous") ? EntryJson.checksum(o.get("previous").asText()) : null));
    }
    return new SyncPlan(
        request,
        Json.text(n, "listingDigest"),
        n.path("upstreamEntries").asLong(),
        n.path("localFiles").asLong(),
        actions);
  }
}
