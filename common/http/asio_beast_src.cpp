// Asio and Beast are built with separate compilation: their non-template code is compiled here,
// once, instead of in every file that includes them.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
