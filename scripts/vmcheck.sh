#!/bin/sh
# vmcheck.sh -- run netlearn's kernel-dependent tests on Debian's stock kernel.
#
# Boots the linux-image-amd64 kernel under QEMU (TCG by default: KVM hung at the
# BIOS on this kind of machine; VM_ACCEL=kvm to try it) with a busybox initramfs
# that loads the modules the lessons need (ipip, ipvlan, veth, bridge, macvlan,
# vxlan, tun, nf_tables NAT ...), mounts this machine's root read-only over 9p
# with a tmpfs overlay on top, and runs the given test files inside. Each test's
# TAP comes back on the serial console between markers.
#
#   scripts/vmcheck.sh TOPDIR TEST...      prints "### BEGIN t", TAP, "### END t rc"
set -u
top=$1; shift
kver=${VM_KERNEL:-$(ls /lib/modules 2>/dev/null | grep -- '-amd64$' | sort -V | tail -1)}
kernel=/boot/vmlinuz-$kver
if [ -z "$kver" ] || [ ! -r "$kernel" ]; then
  echo "vmcheck: no Debian kernel found (install linux-image-amd64: make deps)" >&2
  exit 3
fi
for tool in qemu-system-x86_64 cpio; do
  command -v $tool >/dev/null || { echo "vmcheck: $tool is missing (make deps)" >&2; exit 3; }
done
busybox=/bin/busybox        # from busybox-static: no shared libraries needed in the initramfs
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q "ok installed" ||
  { echo "vmcheck: busybox-static is missing (make deps)" >&2; exit 3; }

work=$(mktemp -d /tmp/netlearn-vm.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/initramfs
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/lower" "$root/up" "$root/newroot" "$root/lib/modules"
cp "$busybox" "$root/bin/busybox"

# the module closure, in load order, without repeats
MODULES="virtio_pci 9pnet_virtio 9p overlay veth bridge macvlan ipvlan vxlan ipip tun dummy
  nf_tables nft_chain_nat nft_nat nft_masq nft_ct nft_reject_ipv4 nft_compat nft_fib_ipv4
  xt_MASQUERADE xt_nat xt_tcpudp xt_conntrack xt_addrtype nf_conntrack"
: > "$work/insmod.list"
for m in $MODULES; do
  modprobe -S "$kver" --show-depends "$m" 2>/dev/null | awk '$1 == "insmod" {print}'
done | awk '!seen[$2]++' > "$work/insmod.list"
n=0
while read -r _ path params; do
  n=$((n + 1))
  base=$(basename "$path")
  case $base in
    *.ko.xz) xz -dc "$path" > "$root/lib/modules/${base%.xz}"; base=${base%.xz} ;;
    *.ko.zst) zstd -qdc "$path" > "$root/lib/modules/${base%.zst}"; base=${base%.zst} ;;
    *) cp "$path" "$root/lib/modules/$base" ;;
  esac
  printf '%s %s\n' "$base" "$params" >> "$root/modules.order"
done < "$work/insmod.list"

# the tests to run inside, as one shell script
{
  echo "cd '$top' || { echo '### VM: cannot enter $top'; exit 1; }"
  echo "export NETLEARN='$top/build/netlearn' PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb"
  for t in "$@"; do
    echo "echo '### BEGIN $t'"
    echo "'./$t' 2>&1; rc=\$?"
    echo "echo \"### END $t \$rc\""
  done
} > "$root/vmtests.sh"

cat > "$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
while read -r mod params; do insmod /lib/modules/$mod $params 2>/dev/null; done < /modules.order
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 hostroot /lower || { echo "### VM: 9p mount failed"; poweroff -f; }
mount -t tmpfs -o size=1g tmpfs /up
mkdir -p /up/u /up/w
mount -t overlay overlay -o lowerdir=/lower,upperdir=/up/u,workdir=/up/w /newroot || { echo "### VM: overlay failed"; poweroff -f; }
mount -t proc proc /newroot/proc
mount -t sysfs sys /newroot/sys
mount -t devtmpfs dev /newroot/dev
mkdir -p /newroot/dev/pts && mount -t devpts devpts /newroot/dev/pts
mount -t tmpfs tmpfs /newroot/run
# no tmpfs on /tmp: the tree under test may live there (a CI clone); the
# overlay's upper layer already makes /tmp writable
cp /vmtests.sh /newroot/tmp/vmtests.sh
echo "### VM: kernel $(uname -r), modules loaded: $(wc -l < /proc/modules)"
chroot /newroot /bin/sh /tmp/vmtests.sh
echo "### VM: done"
poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$work/initrd.gz"

accel=${VM_ACCEL:-tcg}
echo "### VM: booting Debian kernel $kver under QEMU ($accel)"
timeout "${VM_TIMEOUT:-1500}" qemu-system-x86_64 -machine q35 -accel "$accel" -m 2048 -smp 2 \
  -cpu max -nographic -no-reboot -nic none \
  -kernel "$kernel" -initrd "$work/initrd.gz" \
  -append "console=ttyS0 quiet loglevel=1 panic=-1 rdinit=/init" \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -serial mon:stdio < /dev/null 2>&1 | tr -d '\r' | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1bc//g'
