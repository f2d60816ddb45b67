// SPDX-License-Identifier: MIT
// Prints containerd's built-in default seccomp profile (what `ctr run
// --seccomp` and Kubernetes' RuntimeDefault apply) as JSON, for the
// capability set of containerd's default spec plus any CAP_ names given.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/containerd/containerd/containers"
	"github.com/containerd/containerd/contrib/seccomp"
	"github.com/containerd/containerd/namespaces"
	"github.com/containerd/containerd/oci"
)

func main() {
	ctx := namespaces.WithNamespace(context.Background(), "default")
	s, err := oci.GenerateSpec(ctx, nil, &containers.Container{ID: "profile"},
		oci.WithAddedCapabilities(os.Args[1:]))
	if err != nil {
		fmt.Fprintln(os.Stderr, "containerd-default-profile:", err)
		os.Exit(1)
	}
	e := json.NewEncoder(os.Stdout)
	e.SetIndent("", "\t")
	if err := e.Encode(seccomp.DefaultProfile(s)); err != nil {
		fmt.Fprintln(os.Stderr, "containerd-default-profile:", err)
		os.Exit(1)
	}
}
