// Command etcd is the stock etcd server (go.etcd.io/etcd/server/v3/etcdmain),
// built here so the test cluster needs no downloaded binaries.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
