package atende.bench;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;

/** The cold-start baseline: the smallest HttpFunction, started by the same invoker. */
public final class HelloWorld implements HttpFunction {
  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    response.setContentType("text/plain");
    response.getWriter().write("ok");
  }
}
