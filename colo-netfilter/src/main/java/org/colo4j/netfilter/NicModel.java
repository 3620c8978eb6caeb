package org.colo4j.netfilter;

import java.util.Objects;

/**
 * The guest NIC's device model ({@code -device <model>,netdev=...}). It matters to the proxy because
 * a virtio-net NIC hands its packets to the netdev with a virtio-net header, so every filter and
 * {@code colo-compare} must then be told so ({@code vnet_hdr_support=on}).
 *
 * @param device the QEMU device name, e.g. {@code rtl8139}, {@code e1000}, {@code virtio-net-pci}
 */
public record NicModel(String device) {

    /** Realtek 8139, as in COLO-FT.txt. */
    public static final NicModel RTL8139 = new NicModel("rtl8139");
    /** Intel e1000. */
    public static final NicModel E1000 = new NicModel("e1000");
    /** virtio-net on PCI. */
    public static final NicModel VIRTIO_NET_PCI = new NicModel("virtio-net-pci");

    public NicModel {
        Objects.requireNonNull(device, "device");
    }

    /** Shorthand for {@code new NicModel(device)}. */
    public static NicModel of(String device) {
        return new NicModel(device);
    }

    /** Whether this is a virtio-net device ({@code virtio-net-pci}, {@code virtio-net-ccw}, ...). */
    public boolean isVirtioNet() {
        return device.startsWith("virtio-net");
    }

    @Override
    public String toString() {
        return device;
    }
}
