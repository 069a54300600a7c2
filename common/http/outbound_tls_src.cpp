// Asio's TLS layer is built with separate compilation like the rest of Asio (asio_beast_src.cpp),
// in a file of its own, which only programs that use the outbound client pull in.
#include <boost/asio/ssl/impl/src.hpp>
