package dev.pawscope.host.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class ScratchProbeTest {
    @Test
    void probe() throws Exception {
        ObjectMapper om = new ObjectMapper();
        for (String m : new String[]{"conv_stack", "logits"}) {
            String p = "/tmp/kfx/" + m + ".h5";
            ObjectNode cfg;
            try (Hdf5Archive a = new Hdf5Archive(p)) {
                cfg = (ObjectNode) om.readTree(a.readAttributeAsJson("model_config").replace("\u0000", ""));
                cfg.put("keras_version", a.readAttributeAsString("keras_version"));
                cfg.put("backend", a.readAttributeAsString("backend"));
            }
            String prev = null;
            for (JsonNode l : cfg.get("config").get("layers")) {
                String name = l.get("config").get("name").asText();
                if (prev != null) {
                    ArrayNode nodes = om.createArrayNode();
                    ArrayNode node = nodes.addArray();
                    node.addArray().add(prev).add(0).add(0).addObject();
                    ((ObjectNode) l).set("inbound_nodes", nodes);
                }
                prev = name;
            }
            MultiLayerNetwork net = new KerasModel().modelBuilder().modelJson(om.writeValueAsString(cfg))
                    .weightsHdf5Filename(p).enforceTrainingConfig(false).buildSequential().getMultiLayerNetwork();
            System.out.println(net.getLayerWiseConfigurations().toJson());
            System.out.println(net.summary());
            for (var l : net.getLayers()) {
                System.out.println(l.conf().getLayer().getLayerName() + " " + l.conf().getLayer().getClass().getSimpleName());
                l.paramTable().forEach((k, v) -> System.out.println("  " + k + " " + java.util.Arrays.toString(v.shape())));
            }
        }
    }
}
